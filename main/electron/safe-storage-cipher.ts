import { safeStorage } from 'electron';
import type { SecretCipher } from '../settings/secret-store';

/**
 * Encrypts secrets with the OS keychain through safeStorage. On Linux without a secret service
 * Electron falls back to `basic_text` (a hard-coded key, effectively plain text): the backend name
 * is shown to the user so they know, and IT can require a keyring.
 */
export function safeStorageCipher(): SecretCipher {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  return {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (cipher) => safeStorage.decryptString(Buffer.from(cipher)),
    backend: `safeStorage:${backend}`,
  };
}
