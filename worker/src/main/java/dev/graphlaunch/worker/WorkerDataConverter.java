package dev.graphlaunch.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

/**
 * Temporal's default JSON converter, made tolerant in two ways the contracts' records need.
 * The payloads stay plain JSON, so clients with the stock converter (the gateway) still read them.
 */
public final class WorkerDataConverter {
    private WorkerDataConverter() {}

    public static DataConverter create() {
        ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper()
                // RunRecord.isFinished() is written as "finished" but has no constructor slot; a
                // field added by a newer worker mid-deploy must not wedge an older one either.
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                // A null JsonNode would otherwise come back as NullNode, and output == null lie.
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
        return DefaultDataConverter.newDefaultInstance()
                .withPayloadConverterOverrides(new JacksonJsonPayloadConverter(mapper));
    }
}
