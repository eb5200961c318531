import type { ReleaseNotes } from './feed';

/**
 * Reads CHANGELOG.md, the one place release notes are written, so the update notice shows the same
 * words in both languages. Shape (one block per version, newest first):
 *
 *   ## [0.2.0] - 2026-12-01
 *   ### English
 *   - One line per change.
 *   ### Português (Brasil)
 *   - A mesma mudança.
 *
 * Lines of a list item that wrap are joined to their item; anything outside the two language
 * headings is ignored.
 */
export interface ChangelogEntry {
  version: string;
  date?: string;
  notes: ReleaseNotes;
}

const VERSION_HEADING = /^##\s+\[?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\]?(?:\s*[-–—]\s*(\d{4}-\d{2}-\d{2}))?\s*$/;
const LANGUAGE_HEADING = /^###\s+(.+?)\s*$/;

function languageOf(heading: string): keyof ReleaseNotes | undefined {
  const h = heading.toLowerCase();
  if (h.startsWith('english')) return 'en';
  if (h.startsWith('português') || h.startsWith('portugues') || h.includes('pt-br')) return 'pt-BR';
  return undefined;
}

export function parseChangelog(markdown: string): ChangelogEntry[] {
  const entries: ChangelogEntry[] = [];
  let entry: ChangelogEntry | undefined;
  let language: keyof ReleaseNotes | undefined;
  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const version = VERSION_HEADING.exec(line);
    if (version) {
      entry = { version: version[1]!, ...(version[2] ? { date: version[2] } : {}), notes: { en: [], 'pt-BR': [] } };
      entries.push(entry);
      language = undefined;
      continue;
    }
    if (/^##\s/.test(line)) {
      entry = undefined;
      continue;
    }
    const heading = LANGUAGE_HEADING.exec(line);
    if (heading) {
      language = languageOf(heading[1]!);
      continue;
    }
    if (!entry || !language) continue;
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    const list = entry.notes[language];
    if (item) list.push(item[1]!.trim());
    else if (line.trim() && list.length > 0 && /^\s+/.test(line)) list[list.length - 1] += ` ${line.trim()}`;
  }
  return entries;
}

/** The notes of one version, or undefined when the changelog has no block for it. */
export function releaseNotesFor(markdown: string, version: string): ReleaseNotes | undefined {
  return parseChangelog(markdown).find((e) => e.version === version)?.notes;
}
