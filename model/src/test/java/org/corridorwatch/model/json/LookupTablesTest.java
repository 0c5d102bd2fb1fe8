package org.corridorwatch.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.corridorwatch.model.CrossingStage;
import org.junit.jupiter.api.Test;

/** The small tables the reader matches names, ids and enum values with. */
class LookupTablesTest {

  private static byte[] inBuffer(String text) {
    return ("..." + text + "...").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void canonicalIdsHandOutTheCatalogueInstance() {
    String pingxiang = new String("CN-PINGXIANG");
    CanonicalIds ids = CanonicalIds.of(Set.of(pingxiang, "LA-BOTEN", " ", "VN-ĐỒNGĐĂNG"));

    assertThat(ids.find(inBuffer("CN-PINGXIANG"), 3, 12)).isSameAs(pingxiang);
    assertThat(ids.find(inBuffer("LA-BOTEN"), 3, 8)).isEqualTo("LA-BOTEN");
    assertThat(ids.find(inBuffer("CN-PINGXIAN"), 3, 11)).isNull();
    assertThat(ids.find(inBuffer("cn-pingxiang"), 3, 12)).isNull();
    assertThat(ids.find(inBuffer(""), 3, 0)).isNull();
    // a blank id is left to the reader, which refuses it as blank
    assertThat(ids.find(inBuffer(" "), 3, 1)).isNull();
    // so is an id that is not ASCII, which the reader never offers as bytes
    byte[] dongdang = inBuffer("VN-ĐỒNGĐĂNG");
    assertThat(ids.find(dongdang, 3, dongdang.length - 6)).isNull();
    assertThat(CanonicalIds.of(Set.of()).find(inBuffer("LA-BOTEN"), 3, 8)).isNull();
  }

  @Test
  void canonicalIdsFindEveryOneOfManyIds() {
    Set<String> many = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      many.add("PORT-" + i);
    }
    CanonicalIds ids = CanonicalIds.of(many);

    for (String id : many) {
      assertThat(ids.find(inBuffer(id), 3, id.length())).isEqualTo(id);
    }
    assertThat(ids.find(inBuffer("PORT-10000"), 3, 10)).isNull();
  }

  @Test
  void enumLookupIsExactAndCaseSensitive() {
    EnumLookup<CrossingStage> stages = new EnumLookup<>(CrossingStage.class);

    assertThat(stages.find(inBuffer("DEPARTED"), 3, 8)).isEqualTo(CrossingStage.DEPARTED);
    assertThat(stages.find(inBuffer("departed"), 3, 8)).isNull();
    assertThat(stages.find(inBuffer("DEPARTE"), 3, 7)).isNull();
    assertThat(stages.find(inBuffer("DEPARTED."), 3, 9)).isNull();
    assertThat(stages.choices()).isEqualTo("ARRIVED, CLEARED, DEPARTED, REJECTED");
  }

  @Test
  void fieldNameSetFindsRepeatsAndStartsAfreshPerObject() {
    FieldNameSet names = new FieldNameSet();

    assertThat(names.add("eventId")).isTrue();
    assertThat(names.add("portId")).isTrue();
    assertThat(names.add(new String("eventId"))).isFalse();
    names.clear();
    assertThat(names.add("eventId")).isTrue();
  }

  @Test
  void fieldNameSetGivesUpWhenFull() {
    FieldNameSet names = new FieldNameSet();
    for (int i = 0; i < FieldNameSet.CAPACITY; i++) {
      assertThat(names.add("f" + i)).isTrue();
    }

    assertThat(names.add("one-more")).isFalse();
    names.clear();
    assertThat(names.add("one-more")).isTrue();
  }
}
