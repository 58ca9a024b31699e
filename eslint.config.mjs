// ESLint flat config: typescript-eslint with the type-aware rules that catch real bugs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/',
      'coverage/',
      'node_modules/',
      '.scratch*/',
      'jest.config.js',
      'eslint.config.mjs',
      'packages/*/build.mjs',
      'packages/*/bin/',
      // Fixture codebases are old-style OpenTracing code on purpose: the codemod's input.
      'packages/ot-migrate/test/fixtures/',
      // Input/output pairs of the rewrite rules: old-style code, and what the codemod writes.
      'packages/ot-migrate/test/rules/',
      // CommonJS glue of the second CI leg (SDK 3), with its own installed packages.
      '.ci/',
      'test/support/sdk3/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'List public exports by name.' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/internal/otel-api.ts'],
    rules: {
      // Runtime values of the API come through src/internal/otel-api.ts (see why there).
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@opentelemetry/api',
              message:
                'Import runtime values from src/internal/otel-api.ts; types may come from here.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // Fixture projects in the style of the codebases ot-migrate is measured on (issue #13).
    files: ['packages/ot-migrate/test/projects/**'],
    rules: {
      // Framework hooks (Apollo's, Nest's) are async by contract, whether they await or not.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The plain JavaScript projects: CommonJS on Node (the codemod's, and the jaeger-client app
    // that test/integration/jaeger-client-dropin.test.ts runs on both libraries).
    files: ['packages/ot-migrate/test/projects/**/*.js', 'test/integration/fixtures/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', setTimeout: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', 'packages/*/test/**/*.ts'],
    rules: {
      // Tests poke at deliberately malformed input and at untyped peers.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
