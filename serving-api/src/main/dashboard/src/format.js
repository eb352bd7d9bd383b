export const percent = (v) => (v == null ? '–' : (100 * v).toFixed(2) + ' %');
export const ms = (v) => (v == null ? '–' : Math.round(v) + ' ms');
export const count = (v) => (v == null ? '–' : String(v));
// serving-api's JSON writes an Instant as decimal epoch seconds (Jackson's default), never milliseconds
export const time = (v) => (v || v === 0
  ? new Date(typeof v === 'number' ? v * 1000 : v).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '–');
export const duration = (msValue) => (msValue == null ? '–' : (msValue / 1000).toFixed(1) + ' s');

export function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text;
  row.appendChild(td);
  return td;
}
