export interface MessageTree {
  [key: string]: string | MessageTree;
}
/** Each feature ships its strings in both languages; the keys of the two must match (a test checks). */
export interface FeatureMessages {
  en: MessageTree;
  'pt-BR': MessageTree;
}
