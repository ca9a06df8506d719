package io.managedobjects.benchmarks;

/** A registered class of the benchmarks, hosted and called remotely: the interface its proxies implement. */
public interface Tally {

    /**
     * Adds to the tally.
     *
     * @param n how much
     * @return the tally after
     */
    long add(long n);

    /** The implementation, hosted by one process. */
    final class Hosted implements Tally {
        private long count;

        @Override
        public long add(long n) {
            count += n;
            return count;
        }
    }
}
