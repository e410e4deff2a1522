package io.linstorcsi.controller.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that needs the emulator's fault injection or request counter. Against a real LINSTOR
 * ({@code LINSTOR_TEST_ENDPOINT} set) such tests are skipped with a reason.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EmulatorOnlyCondition.class)
public @interface FaultInjection {}
