package io.linstorcsi.drbd;

/**
 * What DRBD 8.4 printed at one moment: {@code events2 --now}, {@code drbdadm status}, /proc/drbd.
 */
record DrbdViews(String events2, String status, String procDrbd) {}
