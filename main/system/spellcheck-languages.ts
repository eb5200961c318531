import type { Language } from '../../shared/ipc/system-contract';

/**
 * Spell-checker dictionaries for the interface language (Electron's `session.setSpellCheckerLanguages`):
 * the interface language first, then the other one, since reports in one language quote the
 * other (Brazilian names in English text, English terms in Portuguese). Only dictionaries the
 * platform offers are asked for (on macOS the OS checker decides and the list is empty).
 */
const DICTIONARIES: Record<Language, string[]> = { 'pt-BR': ['pt-BR', 'en-US'], en: ['en-US', 'pt-BR'] };

export function spellCheckerLanguages(language: Language, available: readonly string[]): string[] {
  return DICTIONARIES[language].filter((code) => available.includes(code));
}
