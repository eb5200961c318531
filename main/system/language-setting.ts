/** The settings key of the interface language (its own file so the CLI can read it without the system feature). */
export const LANGUAGE_SETTING = 'app.language';
