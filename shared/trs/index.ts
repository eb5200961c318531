// Public surface of the TRS model for the rule engine, the exporters, main and the renderer.
export * from './model';
export * from './sections';
export * from './rich-text';
export * from './migrations';
export * from './units';
export * from './numbers';
export * from './brazilian-fields';
export * from './patch';
export * from './diff';
