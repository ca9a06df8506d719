package io.managedobjects.custom;

/** One view of {@link Notebook}: registered under its own type id. */
public interface NoteReader {

    String read();
}
