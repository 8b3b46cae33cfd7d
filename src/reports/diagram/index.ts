export * from './data-access-model';
export * from './diagram-dot';
export * from './environment-diagram';
export * from './environment-model';
export * from './palette';
export * from './render-svg';
export * from './template-references';
