package io.cameliothub.component.springboot;

import java.util.Set;

import io.cameliothub.component.IotHubConfiguration;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * Turns a bean reference ({@code #beanName} or {@code #bean:beanName}) in a {@code camel.component.iothub.*}
 * property into the bean, for the options whose type is an object.
 */
public class IotHubComponentConverter implements GenericConverter {

    private static final Set<ConvertiblePair> TYPES = Set.of(
            new ConvertiblePair(String.class, SSLContextParameters.class),
            new ConvertiblePair(String.class, HeaderFilterStrategy.class),
            new ConvertiblePair(String.class, IotHubConfiguration.class));

    private final BeanFactory beans;

    public IotHubComponentConverter(BeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public Set<ConvertiblePair> getConvertibleTypes() {
        return TYPES;
    }

    @Override
    public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
        if (source == null) {
            return null;
        }
        String reference = source.toString().trim();
        if (!reference.startsWith("#")) {
            throw new IllegalArgumentException("expected a bean reference such as #myBean for a "
                                               + targetType.getType().getSimpleName() + " option");
        }
        String name = reference.startsWith("#bean:") ? reference.substring("#bean:".length()) : reference.substring(1);
        return beans.getBean(name, targetType.getType());
    }
}
