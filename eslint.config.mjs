// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // examples/storefront is a service repository of its own, with its own lint (npm test there).
  { ignores: ['node_modules/', 'cdk.out/', 'coverage/', 'bin/portside.js', 'scratch/', 'examples/storefront/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
);
