export const percent = (v) => (v == null ? '–' : (100 * v).toFixed(2) + ' %');
export const ms = (v) => (v == null ? '–' : Math.round(v) + ' ms');
export const count = (v) => (v == null ? '–' : String(v));
export const time = (v) => (v ? new Date(v).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '–');
export const duration = (msValue) => (msValue == null ? '–' : (msValue / 1000).toFixed(1) + ' s');

export function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text;
  row.appendChild(td);
  return td;
}
