/** E2E page models: locators and actions of the busiest pages, so specs read as what the user does. */
export { SitesPage, sitesLabel, type SiteList } from './sites-page';
export { SitePage, type SiteTab } from './site-page';
export { ReadinessTab } from './readiness-tab';
export { OperatorsTab } from './operators-tab';
export { SiteReviewsTab } from './site-reviews-tab';
export { ReviewsPage } from './reviews-page';
