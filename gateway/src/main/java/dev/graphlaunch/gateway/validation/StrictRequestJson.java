package dev.graphlaunch.gateway.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * A number or boolean where a request field is text ({@code "stateKey": 7}) is a malformed body,
 * not silently the text "7": the OpenAPI document says string, and what is accepted must match it.
 * Applied to the environment's mapper after the configuration was read, so YAML configuration
 * (where {@code port: 8080}-style scalars bind to text freely) is not affected.
 */
public final class StrictRequestJson {
    private StrictRequestJson() {}

    public static void apply(ObjectMapper mapper) {
        var text = mapper.coercionConfigFor(LogicalType.Textual);
        for (CoercionInputShape scalar : new CoercionInputShape[] {
                CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            text.setCoercion(scalar, CoercionAction.Fail);
        }
    }
}
