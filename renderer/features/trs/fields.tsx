import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DATE_PATTERN, formatLocaleDate, parseLocaleDate } from '../../../shared/trs/dates';
import { formatLocaleNumber, parseLocaleNumber, type NumberLocale } from '../../../shared/trs/numbers';

export function useNumberLocale(): NumberLocale {
  const { i18n } = useTranslation();
  return i18n.language?.toLowerCase().startsWith('pt') ? 'pt-BR' : 'en';
}

interface BaseProps {
  label: string;
  testId?: string;
  /** The field's JSON path in the report (e.g. `qualifiedPersons.0.yearsRelevantExperience`): a KRCI finding on it jumps here. */
  krciPath?: string;
  className?: string;
  hideLabel?: boolean;
}

export function TextField(props: BaseProps & { value: string; onChange(v: string): void; maxLength?: number; multiline?: boolean; rows?: number }) {
  const id = useId();
  const common = {
    id,
    value: props.value,
    maxLength: props.maxLength ?? 500,
    'data-testid': props.testId,
    'data-krci-path': props.krciPath,
    'aria-label': props.hideLabel ? props.label : undefined,
  };
  return (
    <label className={`trs-field ${props.className ?? ''}`} htmlFor={id}>
      {props.hideLabel ? null : <span>{props.label}</span>}
      {props.multiline ? (
        <textarea {...common} rows={props.rows ?? 3} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input {...common} type="text" onChange={(e) => props.onChange(e.target.value)} />
      )}
    </label>
  );
}

/**
 * Date entry in the user's language (dd/mm/aaaa in pt-BR, mm/dd/yyyy in en), not the browser's
 * date input, whose format follows the operating system rather than the interface. Parsed on
 * blur/Enter; an entry that is not a real date is shown once, next to the field, and not stored.
 */
export function DateField(props: BaseProps & { value: string | null; onChange(v: string | null): void }) {
  const { t } = useTranslation();
  const locale = useNumberLocale();
  const id = useId();
  const [text, setText] = useState(formatLocaleDate(props.value, locale));
  const [editing, setEditing] = useState(false);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    if (!editing) {
      setText(formatLocaleDate(props.value, locale));
      setInvalid(false);
    }
  }, [props.value, locale, editing]);
  const commit = () => {
    const parsed = parseLocaleDate(text, locale);
    if (parsed === undefined) {
      setInvalid(true);
      return;
    }
    setEditing(false);
    setInvalid(false);
    if (parsed !== props.value) props.onChange(parsed);
    setText(formatLocaleDate(parsed, locale));
  };
  return (
    <label className={`trs-field ${props.className ?? ''}`} htmlFor={id}>
      {props.hideLabel ? null : <span>{props.label}</span>}
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={DATE_PATTERN[locale]}
        value={text}
        maxLength={10}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
        className={invalid ? 'invalid' : undefined}
        data-testid={props.testId}
        data-krci-path={props.krciPath}
        aria-label={props.hideLabel ? props.label : undefined}
        onFocus={() => setEditing(true)}
        onChange={(e) => {
          setEditing(true);
          setText(e.target.value);
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          } else if (e.key === 'Escape') {
            setEditing(false);
            setInvalid(false);
            setText(formatLocaleDate(props.value, locale));
          }
        }}
      />
      {invalid ? (
        <span className="trs-field-error" role="alert" id={`${id}-error`} data-testid={props.testId ? `${props.testId}-error` : undefined}>
          {t('trs.editor.invalidDate', { pattern: DATE_PATTERN[locale] })}
        </span>
      ) : null}
    </label>
  );
}

export function SelectField<T extends string>(props: BaseProps & { value: T; options: ReadonlyArray<{ value: T; label: string }>; onChange(v: T): void }) {
  const id = useId();
  return (
    <label className={`trs-field ${props.className ?? ''}`} htmlFor={id}>
      {props.hideLabel ? null : <span>{props.label}</span>}
      <select
        id={id}
        value={props.value}
        data-testid={props.testId}
        data-krci-path={props.krciPath}
        aria-label={props.hideLabel ? props.label : undefined}
        onChange={(e) => props.onChange(e.target.value as T)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CheckboxField(props: BaseProps & { value: boolean; onChange(v: boolean): void }) {
  return (
    <label className={`trs-field trs-check ${props.className ?? ''}`}>
      <input
        type="checkbox"
        checked={props.value}
        data-testid={props.testId}
        data-krci-path={props.krciPath}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <span>{props.label}</span>
    </label>
  );
}

/**
 * Number entry in the user's language: pt-BR "1.234,56", en "1,234.56". The text is kept while
 * typing and parsed strictly on blur/Enter; an entry that does not parse is shown as invalid
 * and not stored (the previous value stays), so nothing is silently misread.
 */
export function NumberField(
  props: BaseProps & {
    value: number | null;
    onChange(v: number | null): void;
    unit?: string;
    maxFractionDigits?: number;
    /** Smallest accepted value (0 for tonnages and grades). */ min?: number;
  },
) {
  const { t } = useTranslation();
  const locale = useNumberLocale();
  const id = useId();
  const format = (v: number | null) => formatLocaleNumber(v, locale, { maximumFractionDigits: props.maxFractionDigits ?? 6 });
  const [text, setText] = useState(format(props.value));
  const [editing, setEditing] = useState(false);
  const [invalid, setInvalid] = useState<false | 'format' | 'min' | 'finite'>(false);
  useEffect(() => {
    if (!editing) {
      setText(formatLocaleNumber(props.value, locale, { maximumFractionDigits: props.maxFractionDigits ?? 6 }));
      setInvalid(false);
    }
  }, [props.value, props.maxFractionDigits, locale, editing]);
  const commit = () => {
    setEditing(false);
    if (text.trim() === '') {
      setInvalid(false);
      if (props.value !== null) props.onChange(null);
      return;
    }
    const parsed = parseLocaleNumber(text, locale);
    const problem = parsed === null ? 'format' : !Number.isFinite(parsed) ? 'finite' : props.min !== undefined && parsed < props.min ? 'min' : false;
    if (problem || parsed === null) {
      setInvalid(problem || 'format');
      setEditing(true);
      return;
    }
    setInvalid(false);
    if (parsed !== props.value) props.onChange(parsed);
    setText(format(parsed));
  };
  return (
    <label className={`trs-field trs-number ${props.className ?? ''}`} htmlFor={id}>
      {props.hideLabel ? null : <span>{props.label}</span>}
      <span className="trs-number-input">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          value={text}
          aria-invalid={!!invalid}
          aria-label={props.hideLabel ? props.label : undefined}
          aria-describedby={invalid ? `${id}-error` : undefined}
          className={invalid ? 'invalid' : undefined}
          data-testid={props.testId}
          data-krci-path={props.krciPath}
          onFocus={() => setEditing(true)}
          onChange={(e) => {
            setEditing(true);
            setText(e.target.value);
          }}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit();
            } else if (e.key === 'Escape') {
              setEditing(false);
              setInvalid(false);
              setText(format(props.value));
            }
          }}
        />
        {props.unit ? <span className="trs-unit">{props.unit}</span> : null}
      </span>
      {invalid ? (
        <span className="trs-field-error" role="alert" id={`${id}-error`} data-testid={props.testId ? `${props.testId}-error` : undefined}>
          {invalid === 'min'
            ? t('trs.editor.belowMinimum', { min: format(props.min ?? 0) })
            : invalid === 'finite'
              ? t('trs.editor.notFinite')
              : t('trs.editor.invalidNumber', { example: locale === 'pt-BR' ? '1.234,56' : '1,234.56' })}
        </span>
      ) : null}
    </label>
  );
}
