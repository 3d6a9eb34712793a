export { generateDemo, DEMO_DEFAULTS } from './generate-demo';
export type {
  DemoAccount,
  DemoFinding,
  DemoFindingBody,
  DemoOptions,
  DemoPlan,
  DemoTarget,
  DemoTargetStatus,
  DemoTeam,
} from './demo-plan';
export {
  EXAMPLE_EMAIL_DOMAINS,
  FICTITIOUS_PHONE_RANGES,
  MESSAGING_APPS,
  SOCIAL_PLATFORMS,
  isExampleHost,
  isFictitiousPhone,
} from './fictitious';
export { createRandom, mulberry32, type Random } from './random';
