package dev.graphlaunch.gateway.runs;

/**
 * What {@link RunLedger#admit} decided: the run holds a slot of every key it needs, or it waits for
 * the first key whose limit is reached.
 *
 * @param running runs of {@code limitKey} executing now (waiting only)
 * @param ahead runs of {@code limitKey} waiting ahead of this one (waiting only)
 */
public record Admission(boolean granted, String limitKey, int limit, int running, int ahead) {
    static final Admission GRANTED = new Admission(true, null, 0, 0, 0);

    static Admission waiting(SlotKey key, RunSlotDao.SlotPosition position) {
        return new Admission(false, key.key(), key.limit(), position.running(), position.ahead());
    }

    public String describe() {
        return "waiting for a slot of " + limitKey + " (limit " + limit + ", " + ahead + " ahead)";
    }
}
