/**
 * The REST v1 endpoints: request and response shapes, the controller's checks, messages and {@code
 * ret_code} values as recorded from a real controller, and the operations on the emulated cluster.
 * Internal to the emulator; {@link io.linstorcsi.emulator.rest.RestApi} registers the routes.
 */
package io.linstorcsi.emulator.rest;
