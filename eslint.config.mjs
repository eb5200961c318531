// ESLint flat config. Type-aware rules (typescript-eslint, projectService) catch promises nobody
// awaits; no-restricted-imports states the layering as rules per folder (see CONTRIBUTING.md).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '')))];
const escape = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
// Regexes, not gitignore patterns: a pattern `domain` would also forbid `../domain/report-draft`.
const restrict = (names, message) => ({ regex: `^(${names.map(escape).join('|')})(/.*)?$`, message });
const upTo = (folder, message) => ({ regex: `^(\\.\\./)+(.*/)?${folder}(/.*)?$`, message });

const noNode = {
  regex: `^(node:.*|(${nodeBuiltins.map(escape).join('|')})(/.*)?)$`,
  message: 'Node built-ins belong in main/; shared/ and renderer/ run without Node.',
};
const noElectron = restrict(['electron', 'electron-store'], 'Electron is imported only under main/electron/ (thin wiring); the core runs under plain Node.');
const noMain = upTo('main', 'renderer/ and shared/ never import main/: talk to main through the IPC contract in shared/ipc/.');
const noRenderer = upTo('renderer', 'shared/ never imports renderer/.');
const noNodeOnlyPackages = restrict(['better-sqlite3', 'axios', 'react', 'react-dom'], 'shared/ is pure TypeScript: no native, Node-only or UI package.');
const noNative = restrict(['better-sqlite3'], 'better-sqlite3 is native; only main/ opens databases.');

// Electron's security defaults (its checklist): a window option that weakens them is a lint error.
const weakElectronSettings = [
  ['sandbox', false],
  ['contextIsolation', false],
  ['nodeIntegration', true],
  ['webSecurity', false],
  ['allowRunningInsecureContent', true],
].map(([key, value]) => ({
  selector: `Property[key.name='${key}'][value.value=${value}]`,
  message: `${key}: ${value} weakens Electron's security defaults.`,
}));
weakElectronSettings.push(
  { selector: "CallExpression[callee.property.name='loadFile']", message: 'The renderer is served from app://qivo, never from file://.' },
  { selector: 'Literal[value=/^file:\\/\\//]', message: 'The renderer is served from app://qivo, never from file://.' },
  { selector: 'TemplateElement[value.raw=/^file:\\/\\//]', message: 'The renderer is served from app://qivo, never from file://.' },
);

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test/fixtures/**', 'test/unit/edgar-fixtures/**', '**/*.js', '**/*.cjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // `let x; const tap = () => x?.y(); x = make(tap);` is a cycle, not a missed const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tests and build scripts read JSON and third-party objects they then assert on; typing every
    // parsed body would add casts, not safety. Promise rules stay on.
    files: ['test/**/*.{ts,tsx,mts}', 'scripts/**', '*.mts', '*.mjs'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Fakes implement async interfaces without awaiting anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // zustand actions are closures declared with method syntax in the store types; none uses `this`.
      '@typescript-eslint/unbound-method': 'off',
      'no-restricted-imports': ['error', { patterns: [noMain, noNode, noElectron, noNative] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noMain, noRenderer, noNode, noElectron, noNodeOnlyPackages] }],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noElectron] }],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...weakElectronSettings],
    },
  },
  {
    // main/ logs through the injected logger (core.log, main/diagnostics/logger.ts), which lands in
    // the data folder's rotating log, scrubbed of secrets; the CLI writes to its CliIo. shared/ has
    // nobody to tell.
    files: ['main/**/*.ts', 'shared/**/*.ts'],
    rules: {
      'no-console': 'error',
    },
  },
);
