/**
 * Immutable values of the LINSTOR REST API v1, one record per schema, with the JSON names exactly
 * as on the wire.
 *
 * <p>Decoding ignores fields this version does not know (newer controllers add fields). Encoding
 * leaves out absent values and empty collections, because LINSTOR rejects unknown fields and treats
 * an omitted list like an empty one. Collections are never null: an absent list or map reads as an
 * empty one. Scalars that LINSTOR may leave out are boxed and null when absent.
 */
package io.linstorcsi.linstor.model;
