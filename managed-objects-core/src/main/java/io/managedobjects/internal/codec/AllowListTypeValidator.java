package io.managedobjects.internal.codec;

import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * Plugs the {@link TypePolicy} into Jackson: a trusted bean that declares polymorphic properties
 * ({@code @JsonTypeInfo}) may only name subtypes the allow-list trusts.
 */
final class AllowListTypeValidator extends PolymorphicTypeValidator {

    private static final long serialVersionUID = 1L;

    private final transient TypePolicy policy;

    AllowListTypeValidator(TypePolicy policy) {
        this.policy = policy;
    }

    @Override
    public Validity validateBaseType(DatabindContext context, JavaType baseType) {
        return Validity.INDETERMINATE;
    }

    @Override
    public Validity validateSubClassName(DatabindContext context, JavaType baseType, String subClassName) {
        return policy.isTrusted(subClassName) ? Validity.ALLOWED : Validity.DENIED;
    }

    @Override
    public Validity validateSubType(DatabindContext context, JavaType baseType, JavaType subType) {
        return policy.isTrusted(subType.getRawClass().getName()) ? Validity.ALLOWED : Validity.DENIED;
    }
}
