import fs from 'node:fs';
import { QivoError } from '../../shared/errors';
import { readUtf8FileStrict } from '../security/strict-text';
import { parseTrsJson, TRS_JSON_MAX_BYTES } from '../../shared/trs/migrations';
import type { TrsReport } from '../../shared/trs/model';

/** The text of a TRS JSON file named on the command line; a missing or oversized file is a clear error. */
export function readTrsJsonText(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new QivoError('trs.fileNotFound', `Cannot read ${file}`, { file });
  }
  if (!stat.isFile()) throw new QivoError('trs.fileNotFound', `Cannot read ${file}`, { file });
  if (stat.size > TRS_JSON_MAX_BYTES) {
    throw new QivoError('trs.invalidFile', `The file is not a valid TRS: larger than ${TRS_JSON_MAX_BYTES} bytes`, { detail: 'file too large', count: 1 });
  }
  return readUtf8FileStrict(file);
}

/** The error for a file that does not pass the schema: the first problems inline, all of them as details. */
export function invalidTrsError(issues: ReadonlyArray<{ path: string; message: string }>): QivoError {
  const lines = issues.map((i) => `${i.path}: ${i.message}`);
  const detail = lines.slice(0, 3).join('; ');
  return new QivoError('trs.invalidFile', `The file is not a valid TRS: ${detail}`, { detail, count: lines.length }, lines);
}

/** Reads, migrates and validates a TRS JSON file (the canonical file the CLI commands take). */
export function readTrsFile(file: string): TrsReport {
  const parsed = parseTrsJson(readTrsJsonText(file));
  if (!parsed.ok) throw invalidTrsError(parsed.issues);
  return parsed.report;
}
