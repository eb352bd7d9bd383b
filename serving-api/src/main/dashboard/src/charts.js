// echarts from npm, only the parts the page uses (esbuild drops the rest): bar and line charts on canvas.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, ScatterChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent,
  CanvasRenderer]);

const charts = new Map();

function chart(id) {
  if (!charts.has(id)) {
    charts.set(id, echarts.init(document.getElementById(id)));
  }
  return charts.get(id);
}

window.addEventListener('resize', () => charts.forEach((c) => c.resize()));

/** One bar chart per figure over the values of a grouping (the live summary's 'by' entries). */
export function drawGroups(groups, byLabel) {
  const values = groups.map((g) => g.value);
  const bars = (id, title, series, axis) => chart(id).setOption({
    title: { text: `${title} by ${byLabel}`, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis' },
    legend: { top: 22, show: series.length > 1 },
    grid: { top: 55, left: 55, right: 15, bottom: 40 },
    xAxis: { type: 'category', data: values, axisLabel: { interval: 0, rotate: values.length > 6 ? 30 : 0 } },
    yAxis: axis,
    series: series.map(([name, field, scale]) => ({ name, type: 'bar',
      data: groups.map((g) => (g[field] == null ? null : +(g[field] * scale).toFixed(3))) })),
  }, true);
  const pct = { type: 'value', axisLabel: { formatter: '{value} %' } };
  bars('chart-rebuffering', 'Rebuffering ratio', [['rebuffering', 'rebufferingRatio', 100]], pct);
  bars('chart-startup', 'Startup time', [['p50', 'startupTimeP50Ms', 1], ['p95', 'startupTimeP95Ms', 1]],
    { type: 'value', axisLabel: { formatter: '{value} ms' } });
  bars('chart-failures', 'Failure rates', [['VSF', 'videoStartFailureRate', 100],
    ['VPF', 'videoPlaybackFailureRate', 100], ['EBVS', 'exitBeforeVideoStartRate', 100]], pct);
  bars('chart-plays', 'Plays', [['concurrent', 'concurrentPlays', 1], ['views started', 'views', 1]],
    { type: 'value', minInterval: 1 });
}

/** A view's timeline: bitrate and buffer over the player's clock, every event a labelled point. */
export function drawTimeline(events) {
  const points = (field) => events.filter((e) => e[field] != null).map((e) => [e.clientTs, e[field]]);
  chart('chart-timeline').setOption({
    tooltip: { trigger: 'item', formatter: (p) => (p.data.length > 2 ? `${p.data[2]} #${p.data[3]}` : p.seriesName) },
    legend: { top: 0 },
    grid: { top: 30, left: 60, right: 60, bottom: 30 },
    xAxis: { type: 'time' },
    yAxis: [{ type: 'value', name: 'kbps' }, { type: 'value', name: 'buffer ms' }],
    series: [
      { name: 'bitrate', type: 'line', step: 'end', data: points('bitrateKbps') },
      { name: 'buffer', type: 'line', yAxisIndex: 1, data: points('bufferMs') },
      { name: 'events', type: 'scatter', symbolSize: 8,
        data: events.map((e) => [e.clientTs, 0, e.eventType, e.sequence]) },
    ],
  }, true);
}

/** The lake's daily QoE: without a grouping every rate and the startup percentiles; with one, rebuffering per value. */
export function drawDailyQoe(days, by) {
  const dates = [...new Set(days.map((d) => d.day))];
  const line = (name, rows, field, scale, axis) => ({ name, type: 'line', yAxisIndex: axis,
    data: dates.map((day) => {
      const row = rows.find((r) => r.day === day);
      return row && row[field] != null ? +(row[field] * scale).toFixed(3) : null;
    }) });
  const series = by
    ? [...new Set(days.map((d) => d.value))].map((v) => line(v, days.filter((d) => d.value === v),
      'rebufferingRatio', 100, 0))
    : [line('rebuffering', days, 'rebufferingRatio', 100, 0), line('VSF', days, 'videoStartFailureRate', 100, 0),
      line('VPF', days, 'videoPlaybackFailureRate', 100, 0), line('EBVS', days, 'exitBeforeVideoStartRate', 100, 0),
      line('startup p50', days, 'startupTimeP50Ms', 1, 1), line('startup p95', days, 'startupTimeP95Ms', 1, 1)];
  chart('chart-lake-qoe').setOption({
    title: { text: by ? `Daily rebuffering ratio by ${by}` : 'Daily QoE', textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis' },
    legend: { top: 22 },
    grid: { top: 55, left: 55, right: 60, bottom: 30 },
    xAxis: { type: 'category', data: dates },
    yAxis: [{ type: 'value', axisLabel: { formatter: '{value} %' } },
      { type: 'value', axisLabel: { formatter: '{value} ms' }, show: !by }],
    series,
  }, true);
}

/** A title's drop-off: the share of its plays still watching at each 5 % of it. */
export function drawDropoff(points) {
  chart('chart-dropoff').setOption({
    tooltip: { trigger: 'axis' },
    grid: { top: 20, left: 55, right: 15, bottom: 30 },
    xAxis: { type: 'category', name: 'of the title', data: points.map((p) => `${Math.round(p.position * 100)} %`) },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
    series: [{ name: 'still watching', type: 'line', step: 'end', areaStyle: {},
      data: points.map((p) => +(p.share * 100).toFixed(2)) }],
  }, true);
}
