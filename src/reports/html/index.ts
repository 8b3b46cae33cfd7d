export * from './html';
export * from './plan-sections';
export * from './report-page';
export * from './report-style';
