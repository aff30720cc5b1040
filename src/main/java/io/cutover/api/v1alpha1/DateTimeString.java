package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonStringFormatVisitor;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonValueFormat;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;

/**
 * A string field that holds an RFC 3339 time: written as the string it is, and described to fabric8's crd-generator
 * (which reads the format from Jackson's schema visitor) as {@code format: date-time}, so kube-apiserver refuses
 * anything else. The field stays a String so that a stored value that does not parse is read, and refused by the
 * operator's validator by name, instead of failing the informer (invariant 10).
 */
public final class DateTimeString extends StdScalarSerializer<String> {
  public DateTimeString() {
    super(String.class);
  }

  @Override
  public void serialize(String value, JsonGenerator gen, SerializerProvider provider) throws IOException {
    gen.writeString(value);
  }

  @Override
  public void acceptJsonFormatVisitor(JsonFormatVisitorWrapper visitor, JavaType typeHint) throws JsonMappingException {
    JsonStringFormatVisitor string = visitor == null ? null : visitor.expectStringFormat(typeHint);
    if (string != null) {
      string.format(JsonValueFormat.DATE_TIME);
    }
  }
}
