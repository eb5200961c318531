import { loneSurrogatePath } from '../text/well-formed';
import type { z } from 'zod';
import { TRS_FORMAT, TRS_SCHEMA_VERSION, TrsReportSchema, type TrsReport } from './model';
import { richTextFromPlain } from './rich-text';

/**
 * Older TRS files are upgraded step by step to TRS_SCHEMA_VERSION before validation.
 *
 * Version history:
 * - 1: first prototype format. Section bodies were plain strings (`text`), metadata had no
 *      `language` / `registrantCik`, the location had no SIRGAS 2000 strings.
 * - 2: rich-text section bodies (block/inline JSON), `metadata.language`, `metadata.registrantCik`,
 *      `property.location.sirgas2000`.
 * - 3: official facts carry their whole provenance (agency, dataset, request URL, fetched-at,
 *      record id and type, the values taken, geometry, the fields filled from them) instead of one
 *      field/value pair. Current.
 *
 * A migration is a pure function on plain JSON values; it must not throw on malformed input —
 * it leaves what it does not understand alone and lets the schema report it with its path.
 */

/** Largest canonical JSON file accepted (figures are inline base64). */
export const TRS_JSON_MAX_BYTES = 64 * 1024 * 1024;
/** JSON nesting deeper than this is refused before parsing (the model needs < 15 levels). */
export const TRS_JSON_MAX_DEPTH = 64;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MIGRATIONS: Record<number, (doc: JsonObject) => JsonObject> = {
  1: (doc) => {
    const metadata = isObject(doc.metadata) ? { language: 'en', registrantCik: null, ...doc.metadata } : doc.metadata;
    let property = doc.property;
    if (isObject(property) && isObject(property.location)) {
      property = { ...property, location: { sirgas2000: null, ...property.location } };
    }
    const sections = Array.isArray(doc.sections)
      ? doc.sections.map((section) => {
          if (!isObject(section) || 'body' in section) return section;
          const { text, ...rest } = section;
          return { ...rest, body: typeof text === 'string' ? richTextFromPlain(text) : [] };
        })
      : doc.sections;
    return { ...doc, metadata: metadata ?? null, property: property ?? null, sections: sections ?? null, schemaVersion: 2 };
  },
  2: (doc) => {
    const references = Array.isArray(doc.references)
      ? doc.references.map((ref) => (isObject(ref) && isObject(ref.officialFact) ? { ...ref, officialFact: factFromVersion2(ref.officialFact) } : ref))
      : doc.references;
    return { ...doc, references: references ?? null, schemaVersion: 3 };
  },
};

/** SIGMINE attribute names of schema-2 facts, mapped to the record fields schema 3 keys values by. */
const SIGMINE_FIELDS: Record<string, string> = { FASE: 'phase', NOME: 'holder', SUBS: 'substances', AREA_HA: 'areaHa', ULT_EVENTO: 'lastEvent', UF: 'uf' };

function factFromVersion2(fact: JsonObject): JsonObject {
  // Written in schema-3 shape into a schema-2 document (app.db migration of the old side table): keep it.
  if ('agency' in fact && 'values' in fact) return fact;
  const { source, field, value, retrievedAt, sourceUrl, ...rest } = fact;
  const isAnm = source === 'ANM' && typeof rest.dataset === 'string' && /SIGMINE/i.test(rest.dataset);
  const key = typeof field === 'string' ? (isAnm ? (SIGMINE_FIELDS[field.toUpperCase()] ?? field) : field) : 'value';
  return {
    agency: source ?? null,
    dataset: rest.dataset ?? null,
    recordId: rest.recordId ?? null,
    recordType: isAnm ? 'anmProcess' : 'other',
    url: sourceUrl ?? null,
    fetchedAt: retrievedAt ?? null,
    values: { [key || 'value']: value ?? null },
    geometry: null,
    appliedTo: [],
    contentSha256: rest.contentSha256 ?? null,
  };
}

export interface TrsIssue {
  /** JSON path, e.g. `$.sections[3].body[0].content[1].text`. */
  path: string;
  message: string;
}

export type TrsParseResult =
  | { ok: true; report: TrsReport; migratedFrom: number | null }
  | { ok: false; reason: 'tooLarge' | 'invalidJson' | 'tooDeep' | 'notTrs' | 'newerVersion' | 'schema'; issues: TrsIssue[] };

export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

export function zodIssuesToTrsIssues(issues: readonly z.core.$ZodIssue[], limit = 200): TrsIssue[] {
  return issues.slice(0, limit).map((issue) => ({ path: formatJsonPath(issue.path), message: issue.message }));
}

/** Upgrades a parsed JSON value to the current version; returns the version it started from. */
export function migrateTrsDocument(value: unknown): { document: unknown; fromVersion: number | null; error?: TrsParseResult & { ok: false } } {
  if (!isObject(value) || value.format !== TRS_FORMAT) {
    return {
      document: value,
      fromVersion: null,
      error: { ok: false, reason: 'notTrs', issues: [{ path: '$.format', message: `not a QIVO TRS file (expected "format": "${TRS_FORMAT}")` }] },
    };
  }
  const version = value.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return {
      document: value,
      fromVersion: null,
      error: { ok: false, reason: 'schema', issues: [{ path: '$.schemaVersion', message: 'schemaVersion must be a positive integer' }] },
    };
  }
  if (version > TRS_SCHEMA_VERSION) {
    return {
      document: value,
      fromVersion: version,
      error: {
        ok: false,
        reason: 'newerVersion',
        issues: [{ path: '$.schemaVersion', message: `written by a newer QIVO (schema ${version}; this version reads up to ${TRS_SCHEMA_VERSION})` }],
      },
    };
  }
  let doc: JsonObject = value;
  for (let v = version; v < TRS_SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`missing TRS migration from schema ${v}`);
    doc = step(doc);
  }
  return { document: doc, fromVersion: version === TRS_SCHEMA_VERSION ? null : version };
}

/** Validates (and upgrades) an already-parsed value. */
export function parseTrsValue(value: unknown): TrsParseResult {
  const migrated = migrateTrsDocument(value);
  if (migrated.error) return migrated.error;
  const result = TrsReportSchema.safeParse(migrated.document);
  if (!result.success) return { ok: false, reason: 'schema', issues: zodIssuesToTrsIssues(result.error.issues) };
  return { ok: true, report: result.data, migratedFrom: migrated.fromVersion };
}

/** Depth of brackets outside strings, scanned without recursion (hostile input cannot blow the stack). */
function maxNestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/**
 * Parses the canonical JSON file. Never throws: size, syntax, depth, foreign files, newer
 * versions and schema errors come back as issues with JSON paths.
 */
export function parseTrsJson(text: string): TrsParseResult {
  if (text.length > TRS_JSON_MAX_BYTES) {
    return { ok: false, reason: 'tooLarge', issues: [{ path: '$', message: `file larger than ${TRS_JSON_MAX_BYTES / 1024 / 1024} MB` }] };
  }
  if (maxNestingDepth(text) > TRS_JSON_MAX_DEPTH) {
    return { ok: false, reason: 'tooDeep', issues: [{ path: '$', message: `JSON nested deeper than ${TRS_JSON_MAX_DEPTH} levels` }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return { ok: false, reason: 'invalidJson', issues: [{ path: '$', message: `not valid JSON: ${(error as Error).message}` }] };
  }
  const illFormed = loneSurrogatePath(value);
  if (illFormed) {
    return {
      ok: false,
      reason: 'invalidJson',
      issues: [{ path: illFormed, message: 'text with a lone UTF-16 surrogate (a \\uD800–\\uDFFF escape without its pair)' }],
    };
  }
  return parseTrsValue(value);
}

/** Canonical serialisation: stable key order as produced by the schema, 2-space indent, final newline. */
export function serializeTrsReport(report: TrsReport): string {
  return `${JSON.stringify(TrsReportSchema.parse(report), null, 2)}\n`;
}
