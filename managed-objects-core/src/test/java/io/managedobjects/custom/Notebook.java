package io.managedobjects.custom;

/** One implementation registered under two interfaces, each with its own type id. */
public class Notebook implements NoteReader, NoteWriter {

    private final StringBuilder notes = new StringBuilder();

    @Override
    public String read() {
        return notes.toString();
    }

    @Override
    public void write(String note) {
        notes.append(note);
    }
}
