/**
 * Volume and snapshot ids as values. The wire formats are those of Piraeus' Go driver, so volumes
 * and snapshots it provisioned keep working: a volume id is the LINSTOR resource name, optionally
 * followed by {@code /<volume number>}; a snapshot id is a URL {@code
 * <type>://<remote>/<resource>[/<volume number>]/<snapshot>}.
 */
package io.linstorcsi.controller.ids;
