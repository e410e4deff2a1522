/**
 * LINSTOR's reply vocabulary: the masked {@code ret_code} numbers, ApiCallRc entries and the rule
 * that turns a reply into an HTTP status. Internal to the emulator.
 */
package io.linstorcsi.emulator.rc;
