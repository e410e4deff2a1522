package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.state.Cluster;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.ResourceGroup;

/** Lookups that end the request with the controller's not-found reply. */
final class Lookup {
  private Lookup() {}

  /** A plain GET miss: no operation or object bits, no cause. */
  static ResourceDefinition rdForGet(Cluster cluster, String name) {
    ResourceDefinition rd = cluster.resourceDefinitions().get(name);
    if (rd == null) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(0, RetCode.NOT_FOUND_RSC_DFN),
                  "Resource definition '" + name + "' not found.")
              .build());
    }
    return rd;
  }

  /** A miss in a listing of the definition's children: also says why and what to do. */
  static ResourceDefinition rdForList(Cluster cluster, String name) {
    ResourceDefinition rd = cluster.resourceDefinitions().get(name);
    if (rd == null) {
      throw new ApiException(rdNotFound(0, name).build());
    }
    return rd;
  }

  static Rc.Builder rdNotFound(long mask, String name) {
    return Rc.of(
            RetCode.error(mask, RetCode.NOT_FOUND_RSC_DFN),
            "Resource definition '" + name + "' not found.")
        .cause(
            "The specified resource definition '" + name + "' could not be found in the database")
        .correction("Create a resource definition with the name '" + name + "' first.");
  }

  static Rc.Builder rgNotFound(long mask, String name) {
    return Rc.of(
            RetCode.error(mask, RetCode.NOT_FOUND_RSC_GRP),
            "Resource group '" + name + "' not found.")
        .cause("The specified resource group '" + name + "' could not be found in the database")
        .correction("Create a resource group with the name '" + name + "' first.");
  }

  static Rc.Builder nodeNotFound(long mask, String name) {
    return Rc.of(RetCode.error(mask, RetCode.NOT_FOUND_NODE), "Node '" + name + "' not found.")
        .cause("The specified node '" + name + "' could not be found in the database")
        .correction("Create a node with the name '" + name + "' first.");
  }

  static ResourceGroup rgForGet(Cluster cluster, String name) {
    ResourceGroup rg = cluster.resourceGroups().get(name);
    if (rg == null) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(0, RetCode.NOT_FOUND_RSC_GRP),
                  "Resource group '" + name + "' not found.")
              .build());
    }
    return rg;
  }
}
