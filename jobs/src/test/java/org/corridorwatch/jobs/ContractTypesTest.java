package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every wire-contract record travels through Flink as a POJO, never through Kryo: Kryo is slow, and
 * its state format breaks savepoints when a class changes. Generic types are disabled here as they
 * are in the job, so a record that needs Kryo fails to get a serializer at all.
 */
class ContractTypesTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.corridorwatch.model.ContractSamples#all")
  void recordIsAPojoAndRoundTripsWithGenericTypesDisabled(Object sample) throws IOException {
    @SuppressWarnings("unchecked")
    Class<Object> type = (Class<Object>) sample.getClass();
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);

    TypeInformation<Object> info = TypeInformation.of(type);
    TypeSerializer<Object> serializer = info.createSerializer(noKryo);
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(sample, out);
    Object back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertThat(info).isInstanceOf(PojoTypeInfo.class);
    assertThat(back).isEqualTo(sample);
  }

  /** A record shape the contract types must avoid: a field only Kryo could serialize. */
  public record NeedsKryo(String id, Object anything) {}

  @Test
  void theCheckCatchesAFieldThatNeedsKryo() {
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);

    assertThatThrownBy(() -> TypeInformation.of(NeedsKryo.class).createSerializer(noKryo))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("Generic types have been disabled");
  }
}
