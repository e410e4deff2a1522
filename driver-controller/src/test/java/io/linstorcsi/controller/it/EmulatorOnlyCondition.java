package io.linstorcsi.controller.it;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Disables {@link FaultInjection} tests when the suite runs against a real LINSTOR. */
public final class EmulatorOnlyCondition implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (LinstorTarget.realEndpoint() != null) {
      return ConditionEvaluationResult.disabled(
          "needs the emulator's fault injection or request counter; LINSTOR_TEST_ENDPOINT points"
              + " at a real LINSTOR");
    }
    return ConditionEvaluationResult.enabled("running against the LINSTOR emulator");
  }
}
