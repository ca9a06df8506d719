package io.managedobjects.untrusted;

/** A class of a package no test trusts. */
public class Gadget {
    public String command = "rm -rf /";
}
