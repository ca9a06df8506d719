package io.managedobjects.custom;

/** Another view of {@link Notebook}: registered under its own type id. */
public interface NoteWriter {

    void write(String note);
}
