/**
 * The one maker of number formatters. `Intl.NumberFormat` is slow to construct (a table or a
 * findings list formats hundreds of cells) and cheap to reuse, so each locale and set of options
 * gets one instance, made at first use. Callers keep their own rules (rounding, minus sign, "—").
 */
const formatters = new Map<string, Intl.NumberFormat>();

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter;
}
