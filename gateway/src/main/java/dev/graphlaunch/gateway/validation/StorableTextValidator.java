package dev.graphlaunch.gateway.validation;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Optional;

/** {@link Storable} for strings and JSON values (every key and string inside them). */
public class StorableTextValidator implements ConstraintValidator<Storable, Object> {
    @Override
    public boolean isValid(Object value, ConstraintValidatorContext context) {
        if (value instanceof String text) {
            return StorableText.isStorable(text);
        }
        if (value instanceof JsonNode json) {
            Optional<String> where = StorableText.firstUnstorable(json);
            if (where.isPresent()) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(StorableText.RULE + " (found at " + where.get() + ")")
                        .addConstraintViolation();
                return false;
            }
        }
        return true;
    }
}
