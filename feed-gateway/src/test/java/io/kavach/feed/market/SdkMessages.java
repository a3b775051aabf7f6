package io.kavach.feed.market;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Message;
import com.upstox.marketdatafeederv3udapi.rpc.proto.MarketDataFeedV3;

import java.util.List;
import java.util.Map;

/**
 * Rebuilds one of our generated messages with the official Upstox SDK's generated classes, field by
 * field through protobuf reflection (numbers, not names, are matched), so the SDK's own serializer
 * writes the bytes the decoder is then checked on.
 */
final class SdkMessages {
    private SdkMessages() {
    }

    static MarketDataFeedV3.FeedResponse toSdk(final io.kavach.feed.proto.MarketDataFeedV3.FeedResponse ours) {
        return (MarketDataFeedV3.FeedResponse) copy(ours, MarketDataFeedV3.FeedResponse.newBuilder());
    }

    private static Message copy(final Message source, final Message.Builder target) {
        for (final Map.Entry<FieldDescriptor, Object> e : source.getAllFields().entrySet()) {
            final FieldDescriptor sourceField = e.getKey();
            final FieldDescriptor targetField = target.getDescriptorForType().findFieldByNumber(sourceField.getNumber());
            if (targetField == null || targetField.getType() != sourceField.getType()) {
                throw new IllegalStateException("SDK schema differs at " + sourceField.getFullName());
            }
            if (sourceField.isRepeated()) {
                for (final Object value : (List<?>) e.getValue()) {
                    target.addRepeatedField(targetField, convert(value, targetField, target));
                }
            } else {
                target.setField(targetField, convert(e.getValue(), targetField, target));
            }
        }
        target.setUnknownFields(source.getUnknownFields());
        return target.build();
    }

    private static Object convert(final Object value, final FieldDescriptor targetField, final Message.Builder target) {
        if (targetField.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            return copy((Message) value, target.newBuilderForField(targetField));
        }
        if (targetField.getJavaType() == FieldDescriptor.JavaType.ENUM) {
            return targetField.getEnumType().findValueByNumberCreatingIfUnknown(((EnumValueDescriptor) value).getNumber());
        }
        return value;
    }
}
