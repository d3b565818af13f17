package dev.graphlaunch.gateway.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.ScheduleRange;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronExpressionTest {

    @Test
    void fiveFieldsCompileToOneRangeListPerFieldAtSecondZero() {
        ScheduleCalendarSpec calendar = CronExpression.compile("*/15 9-17 * JAN-MAR mon-fri");

        assertThat(calendar.getSeconds()).containsExactly(new ScheduleRange(0, 0, 1));
        assertThat(calendar.getMinutes()).containsExactly(new ScheduleRange(0, 59, 15));
        assertThat(calendar.getHour()).containsExactly(new ScheduleRange(9, 17, 1));
        assertThat(calendar.getDayOfMonth()).containsExactly(new ScheduleRange(1, 31, 1));
        assertThat(calendar.getMonth()).containsExactly(new ScheduleRange(1, 3, 1));
        assertThat(calendar.getDayOfWeek()).containsExactly(new ScheduleRange(1, 5, 1));
        assertThat(calendar.getYear()).isEmpty();
        assertThat(calendar.getComment()).isEqualTo("*/15 9-17 * JAN-MAR mon-fri");
    }

    @Test
    void listsSingleValuesAndStepsFromAStart() {
        ScheduleCalendarSpec calendar = CronExpression.compile("5,35 0/6 1 * *");

        assertThat(calendar.getMinutes()).containsExactly(new ScheduleRange(5, 5, 1), new ScheduleRange(35, 35, 1));
        assertThat(calendar.getHour()).containsExactly(new ScheduleRange(0, 23, 6));
        assertThat(calendar.getDayOfMonth()).containsExactly(new ScheduleRange(1, 1, 1));
    }

    @Test
    void sevenIsSundayAsInClassicCron() {
        assertThat(CronExpression.compile("0 0 * * 7").getDayOfWeek()).containsExactly(new ScheduleRange(0, 0, 1));
        assertThat(CronExpression.compile("0 0 * * 5-7").getDayOfWeek())
                .containsExactly(new ScheduleRange(5, 6, 1), new ScheduleRange(0, 0, 1));
    }

    @Test
    void macrosAreTheirFiveFieldEquivalentsButKeepTheirSpelling() {
        ScheduleCalendarSpec daily = CronExpression.compile("@daily");

        assertThat(ScheduleCalendarSpec.newBuilder(daily).setComment("0 0 * * *").build())
                .isEqualTo(CronExpression.compile("0 0 * * *"));
        assertThat(daily.getComment()).isEqualTo("@daily");
    }

    @Test
    void malformedLinesSayWhichFieldAndWhy() {
        assertThatThrownBy(() -> CronExpression.compile("0 2 * *")).hasMessageContaining("has 4 fields; cron needs five");
        assertThatThrownBy(() -> CronExpression.compile("0 24 * * *")).hasMessage("hour '24': 24 is outside 0-23");
        assertThatThrownBy(() -> CronExpression.compile("0 2 * FOO *")).hasMessageContaining("month 'FOO': 'FOO' is not a number or a name like JAN");
        assertThatThrownBy(() -> CronExpression.compile("0 5-2 * * *")).hasMessage("hour '5-2': the range ends before it starts");
        assertThatThrownBy(() -> CronExpression.compile("*/0 * * * *")).hasMessage("minute '*/0': 0 is outside 1-59");
        assertThatThrownBy(() -> CronExpression.compile("0 0 1 * 1")).hasMessageContaining("restricts both day-of-month and day-of-week");
    }

    @Test
    void everyIsAnIntervalInOneCanonicalSpelling() {
        Timing timing = Timing.parse("@every 90m");

        assertThat(timing.every()).isEqualTo(Duration.ofMinutes(90));
        assertThat(timing.text()).isEqualTo("@every 1h30m");
        assertThat(timing.calendar()).isNull();
        assertThat(Timing.parse("@every 1d").text()).isEqualTo("@every 24h");
        assertThatThrownBy(() -> Timing.parse("@every")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Timing.parse("@every 0s")).hasMessageContaining("at least 1s");
    }

    @Test
    void durationsParseGoStyleAndFormatCanonically() {
        assertThat(Durations.parse("1h30m15s")).isEqualTo(Duration.ofSeconds(5415));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(Durations.format(Duration.ofSeconds(300))).isEqualTo("5m");
        assertThat(Durations.format(null)).isEqualTo("0s");
        for (String bad : List.of("10", "ten minutes", "5 m", "-1s", "1.5h")) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).hasMessageContaining("is not a duration");
        }
    }
}
