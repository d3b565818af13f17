package dev.graphlaunch.gateway.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A request field (a string, or a JSON value with all its keys and strings) that PostgreSQL can
 * store as sent; see {@link StorableText}.
 */
@Documented
@Constraint(validatedBy = StorableTextValidator.class)
@Target({METHOD, FIELD, ANNOTATION_TYPE, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface Storable {
    String message() default StorableText.RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
