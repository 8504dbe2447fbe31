package dev.sluice.debug.tap;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkFunctionProvider;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;

/**
 * {@code 'connector' = 'sluice-tap'}: a debug step's rows, with their changelog kind, posted to the
 * Sluice server in arrival order (one subtask per step).
 */
public final class TapTableFactory implements DynamicTableSinkFactory {
  public static final String IDENTIFIER = "sluice-tap";

  static final ConfigOption<String> URL =
      ConfigOptions.key("url")
          .stringType()
          .noDefaultValue()
          .withDescription("where rows are posted");
  static final ConfigOption<String> STEP =
      ConfigOptions.key("step").stringType().noDefaultValue().withDescription("the step's name");
  static final ConfigOption<String> TOKEN =
      ConfigOptions.key("token").stringType().noDefaultValue().withDescription("the run's secret");

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(URL, STEP, TOKEN);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of();
  }

  @Override
  public DynamicTableSink createDynamicTableSink(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    helper.validate();
    var options = helper.getOptions();
    DataType type = context.getPhysicalRowDataType();
    return new TapSink(options.get(URL), options.get(STEP), options.get(TOKEN), type);
  }

  /** The sink: accepts every changelog kind, so retractions are seen as they happen. */
  static final class TapSink implements DynamicTableSink {
    private final String url;
    private final String step;
    private final String token;
    private final DataType type;

    TapSink(String url, String step, String token, DataType type) {
      this.url = url;
      this.step = step;
      this.token = token;
      this.type = type;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
      return ChangelogMode.all();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
      return SinkFunctionProvider.of(
          new TapSinkFunction(url, step, token, context.createDataStructureConverter(type)));
    }

    @Override
    public DynamicTableSink copy() {
      return new TapSink(url, step, token, type);
    }

    @Override
    public String asSummaryString() {
      return "debug tap " + step;
    }
  }
}
