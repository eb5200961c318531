import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../storage/atomic-file';

/**
 * Secrets (API keys for regulator gateways). Never in settings.json, logs or error messages.
 * In Electron the values are encrypted with safeStorage (OS keychain / DPAPI / libsecret); the
 * CLI and tests use `FileSecretStore`, a 0600 file beside the data, which is only as safe as the
 * user's account — the README says so.
 */
export interface SecretStore {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  delete(name: string): void;
  /** Names only, for the UI ("a key is set"). */
  names(): string[];
  /** Where the protection comes from, shown to the user: e.g. `safeStorage:gnome_libsecret`, `file`. */
  readonly backend: string;
}

export interface SecretCipher {
  encrypt(plain: string): Uint8Array;
  decrypt(cipher: Uint8Array): string;
  readonly backend: string;
}

/** Identity "cipher": the file store for the CLI and tests. */
export const PLAIN_FILE_CIPHER: SecretCipher = {
  encrypt: (plain) => new TextEncoder().encode(plain),
  decrypt: (cipher) => new TextDecoder().decode(cipher),
  backend: 'file',
};

export class FileSecretStore implements SecretStore {
  private readonly file: string;

  constructor(
    dataDir: string,
    private readonly cipher: SecretCipher = PLAIN_FILE_CIPHER,
  ) {
    this.file = path.join(dataDir, 'secrets.json');
  }

  get backend(): string {
    return this.cipher.backend;
  }

  private read(): Record<string, string> {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  }

  private write(data: Record<string, string>): void {
    writeFileAtomic(this.file, JSON.stringify(data), 0o600);
  }

  get(name: string): string | undefined {
    const stored = this.read()[name];
    return stored === undefined ? undefined : this.cipher.decrypt(Buffer.from(stored, 'base64'));
  }

  set(name: string, value: string): void {
    const data = this.read();
    data[name] = Buffer.from(this.cipher.encrypt(value)).toString('base64');
    this.write(data);
  }

  delete(name: string): void {
    const data = this.read();
    delete data[name];
    this.write(data);
  }

  names(): string[] {
    return Object.keys(this.read());
  }
}
