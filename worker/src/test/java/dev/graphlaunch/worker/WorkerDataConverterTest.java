package dev.graphlaunch.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.internal.RunRecord;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.contracts.runs.RunStatus;
import io.temporal.common.converter.DataConverter;
import org.junit.jupiter.api.Test;

class WorkerDataConverterTest {
    private final DataConverter converter = WorkerDataConverter.create();

    @Test
    void runRecordSurvivesTheRoundTripDespiteItsFinishedGetter() {
        RunRecord record = new RunRecord("run-1", RunStatus.SUCCEEDED, 2);

        assertThat(roundTrip(record, RunRecord.class)).isEqualTo(record);
    }

    @Test
    void nullOutputStaysNullAndJsonNullsInsideOutputSurvive() {
        JsonNode output = JsonNodeFactory.instance.objectNode().putNull("answer");

        assertThat(roundTrip(FinishRun.failed(ErrorCode.INTERNAL.wire(), "x"), FinishRun.class).output()).isNull();
        assertThat(roundTrip(FinishRun.succeeded(output), FinishRun.class).output()).isEqualTo(output);
    }

    private <T> T roundTrip(T value, Class<T> type) {
        return converter.fromPayload(converter.toPayload(value).orElseThrow(), type, type);
    }
}
