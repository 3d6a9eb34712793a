#!/usr/bin/env sh
# jest with native ES modules (the API imports NestJS 12, which is ESM-only).
exec node --experimental-vm-modules --disable-warning=ExperimentalWarning "$(dirname "$0")/../../node_modules/jest/bin/jest.js" "$@"
