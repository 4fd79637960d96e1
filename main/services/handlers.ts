/**
 * Binds every contract channel to its service, one line each: a read is `(input, ctx) => fn(ctx, …)`, a
 * write is the same wrapped in `write` or `writeInSteps` (main/rpc/bindings.ts). Logic belongs in the
 * service, never here. The registry type makes a missing channel a compile error.
 */
import { write, writeInSteps, type Handlers } from '../rpc/bindings';
import { getAccessModel, updateAccessModel } from './access';
import { createClient, getClient, listClients, setClientArchived, updateClient } from './clients';
import { dashboardPortfolio } from './dashboard';
import { listViews, removeView, saveView, updateView } from './views';
import { listHistory } from './history';
import { undoChange, undoPreview } from './history-undo';
import { chooseIdentity, createSelf, deferIdentity, getIdentity } from './identity';
import { addIncidentNote, getIncident, listIncidents, openIncident, resolveIncident } from './incidents';
import { verify } from './workspace-verify';
import { addOperator, listOperators, signOff } from './operators';
import { grantAccess, revokeAccess } from './operators-access';
import { operatorsNeedingRetraining } from './operators-retraining';
import { startScenarioCheck, submitScenarioCheck } from './operators-scenarios';
import { assignOwner, ownerMatrix, unassignOwner, verifyOwner } from './owners';
import { createPerson, getPerson, listPeople, setPersonArchived, updatePerson } from './people';
import { addOverride, listOverrides, removeOverride } from './overrides';
import { playbookMatrix } from './playbook';
import { diffSopVersions, getSop, publishSop } from './sops';
import { exportPlaybook, importPlaybook } from './playbook-files';
import { cadenceHistory, itemHistory, playbookItems, updatePlaybookCadence, updatePlaybookItem } from './playbook-items';
import { pauseSite, resumeSite } from './pauses';
import { getReadiness, setItem } from './readiness';
import { changeStage } from './sites-stage';
import { findSecrets, redactSecretsEverywhere } from './workspace-secrets';
import { searchEverything } from './search';
import { startBulkExport } from './documents-export';
import { cancelJob } from './jobs';
import { listReviews, reviewCounts, reviewsForSite } from './reviews';
import { assignReview, completeReview, setSchedule, skipReview, snoozeReview } from './reviews-lifecycle';
import { reviewsCalendarAnswer } from './reviews-calendar-worker';
import { getBranding, updateBranding } from './branding';
import { documentHistory, previewDocument } from './documents';
import { getFacts, markKnownGood } from './documents-facts';
import { getRunbook, setRunbookList, setRunbookValues } from './runbook';
import { listRehearsals, recordBackup, recordRehearsal } from './runbook-rehearsals';
import { downloadDocument } from './documents-download';
import { getSettings, updateSettings } from './settings';
import { createSite, setSiteArchived, updateSite } from './sites';
import { getSite, listSiteIds, listSites, siteFacets } from './sites-list';
import { workspaceInfo } from './workspace';
import { copyWorkspaceAside, createWorkspaceFile, forgetRecentWorkspace, openWorkspaceFile, revealWorkspaceFile, workspaceState } from './workspace-host';
import { decideFinding, listFindings, recordFinding } from './findings';
import { listFlags } from './findings-flags';
import { firstWeekOf } from './findings-first-week';
import { proposeSopUpdate } from './findings-sop';
import { completeFirstWeek } from './reviews-first-week';
import { appendUpload, beginUpload, discardUpload, finishUpload } from './uploads';
import { dryRunActivity, importActivity, listEvents, listImports, previewActivity } from './activity';
import { deleteSource, listSources } from './activity-sources';
import { getFindingSettings, updateFindingSettings } from './findings-settings';
import { createWorkspaceBackup, listWorkspaceBackups } from './backups';
import { discardRestore, inspectBackup, restoreBackup } from './backups-restore';
import { discardBundle, exportBundle, importBundle, previewBundle } from './bundles';
import { dryRunPortfolio, importPortfolio, inspectPortfolio } from './portfolio';
import { deleteMapping, listMappings } from './portfolio-mappings';
import { exportPortfolio } from './portfolio-export';
import { applyBulk, previewBulk } from './bulk';
import { checkForUpdates, installUpdate, setAutomaticUpdates, updateState } from './updates';
import {
  checkRemindersNow,
  clearSmtpPassword,
  pauseRemindersToday,
  reminderState,
  sendTestDigest,
  setLiveCalendar,
  setSmtpPassword,
  setStartAtLogin,
} from './reminders';

export const handlers: Handlers = {
  'clients.list': (input, ctx) => listClients(ctx, input),
  'clients.get': (input, ctx) => getClient(ctx, input.id),
  'clients.create': write((input, ctx) => createClient(ctx, input)),
  'clients.update': write((input, ctx) => updateClient(ctx, input)),
  'clients.archive': write((input, ctx) => setClientArchived(ctx, input, true)),
  'clients.restore': write((input, ctx) => setClientArchived(ctx, input, false)),

  'sites.list': (input, ctx) => listSites(ctx, input),
  'sites.ids': (input, ctx) => listSiteIds(ctx, input),
  'sites.facets': (_input, ctx) => siteFacets(ctx),
  'sites.get': (input, ctx) => getSite(ctx, input.id),
  'sites.create': write((input, ctx) => createSite(ctx, input)),
  'sites.update': write((input, ctx) => updateSite(ctx, input)),
  'sites.archive': write((input, ctx) => setSiteArchived(ctx, input, true)),
  'sites.restore': write((input, ctx) => setSiteArchived(ctx, input, false)),

  'access.get': (input, ctx) => getAccessModel(ctx, input.siteId),
  'access.update': write((input, ctx) => updateAccessModel(ctx, input)),

  'people.list': (input, ctx) => listPeople(ctx, input),
  'people.get': (input, ctx) => getPerson(ctx, input.id),
  'people.create': write((input, ctx) => createPerson(ctx, input)),
  'people.update': write((input, ctx) => updatePerson(ctx, input)),
  'people.archive': write((input, ctx) => setPersonArchived(ctx, input, true)),
  'people.restore': write((input, ctx) => setPersonArchived(ctx, input, false)),

  'owners.matrix': (input, ctx) => ownerMatrix(ctx, input.siteId),
  'owners.assign': write((input, ctx) => assignOwner(ctx, input)),
  'owners.verify': write((input, ctx) => verifyOwner(ctx, input)),
  'owners.unassign': write((input, ctx) => unassignOwner(ctx, input)),

  'history.list': (input, ctx) => listHistory(ctx, input),
  'history.undoPreview': (input, ctx) => undoPreview(ctx, input),
  'history.undo': write((input, ctx) => undoChange(ctx, input)),

  'identity.get': (_input, ctx) => getIdentity(ctx),
  'identity.choose': write((input, ctx) => chooseIdentity(ctx, input.personId)),
  'identity.createSelf': write((input, ctx) => createSelf(ctx, input)),
  'identity.later': (_input, ctx) => deferIdentity(ctx),

  'readiness.get': (input, ctx) => getReadiness(ctx, input.siteId),
  'readiness.setItem': write((input, ctx) => setItem(ctx, input)),
  'sites.changeStage': write((input, ctx) => changeStage(ctx, input)),
  'pauses.pause': write((input, ctx) => pauseSite(ctx, input)),
  'pauses.resume': write((input, ctx) => resumeSite(ctx, input)),
  'settings.get': (_input, ctx) => getSettings(ctx),
  'settings.update': write((input, ctx) => updateSettings(ctx, input)),

  'dashboard.portfolio': (_input, ctx) => dashboardPortfolio(ctx),
  'views.list': (_input, ctx) => listViews(ctx),
  'views.save': write((input, ctx) => saveView(ctx, input)),
  'views.update': write((input, ctx) => updateView(ctx, input)),
  'views.remove': write((input, ctx) => removeView(ctx, input.id)),

  'incidents.list': (input, ctx) => listIncidents(ctx, input),
  'incidents.get': (input, ctx) => getIncident(ctx, input.id),
  'incidents.open': write((input, ctx) => openIncident(ctx, input)),
  'incidents.addNote': write((input, ctx) => addIncidentNote(ctx, input)),
  'incidents.resolve': write((input, ctx) => resolveIncident(ctx, input)),

  'playbook.matrix': (_input, ctx) => playbookMatrix(ctx),
  'sops.get': (input, ctx) => getSop(ctx, input),
  'sops.publish': write((input, ctx) => publishSop(ctx, input)),
  'sops.diff': (input, ctx) => diffSopVersions(ctx, input),
  'playbook.export': (_input, ctx) => exportPlaybook(ctx),
  'playbook.import': write((input, ctx) => importPlaybook(ctx, input.content)),
  'playbook.items': (_input, ctx) => playbookItems(ctx),
  'playbook.updateItem': write((input, ctx) => updatePlaybookItem(ctx, input)),
  'playbook.updateCadence': write((input, ctx) => updatePlaybookCadence(ctx, input)),
  'playbook.itemHistory': (input, ctx) => itemHistory(ctx, input),
  'playbook.cadenceHistory': (input, ctx) => cadenceHistory(ctx, input),
  'overrides.list': (input, ctx) => listOverrides(ctx, input.siteId),
  'overrides.add': write((input, ctx) => addOverride(ctx, input)),
  'overrides.remove': write((input, ctx) => removeOverride(ctx, input.id)),

  'operators.needingRetraining': (input, ctx) => operatorsNeedingRetraining(ctx, input.limit),
  'operators.list': (input, ctx) => listOperators(ctx, input.siteId),
  'operators.add': write((input, ctx) => addOperator(ctx, input)),
  'operators.signOff': write((input, ctx) => signOff(ctx, input.operatorId)),
  'operators.startScenarioCheck': write((input, ctx) => startScenarioCheck(ctx, input.operatorId)),
  'operators.submitScenarioCheck': write((input, ctx) => submitScenarioCheck(ctx, input)),
  'operators.grantAccess': write((input, ctx) => grantAccess(ctx, input)),
  'operators.revokeAccess': write((input, ctx) => revokeAccess(ctx, input)),

  'reviews.list': (input, ctx) => listReviews(ctx, input),
  'reviews.forSite': (input, ctx) => reviewsForSite(ctx, input.siteId),
  'reviews.complete': write((input, ctx) => completeReview(ctx, input)),
  'reviews.skip': write((input, ctx) => skipReview(ctx, input)),
  'reviews.snooze': write((input, ctx) => snoozeReview(ctx, input)),
  'reviews.assign': write((input, ctx) => assignReview(ctx, input)),
  'reviews.setSchedule': write((input, ctx) => setSchedule(ctx, input)),
  'reviews.summary': (input, ctx) => reviewCounts(ctx, input.ownerId),
  'reviews.calendar': (input, ctx) => reviewsCalendarAnswer(ctx, input),

  'documents.facts': (input, ctx) => getFacts(ctx, input.siteId),
  'documents.markKnownGood': write((input, ctx) => markKnownGood(ctx, input.siteId)),
  'documents.preview': (input, ctx) => previewDocument(ctx, input),
  'documents.generate': writeInSteps((input, ctx) => downloadDocument(ctx, input)),
  'documents.history': (input, ctx) => documentHistory(ctx, input.siteId),
  'documents.exportBulk': writeInSteps((input, ctx) => startBulkExport(ctx, input)),
  'runbook.get': (input, ctx) => getRunbook(ctx, input.scope),
  'runbook.setValues': write((input, ctx) => setRunbookValues(ctx, input)),
  'runbook.setList': write((input, ctx) => setRunbookList(ctx, input)),
  'runbook.recordBackup': write((input, ctx) => recordBackup(ctx, input)),
  'runbook.recordRehearsal': write((input, ctx) => recordRehearsal(ctx, input)),
  'runbook.rehearsals': (input, ctx) => listRehearsals(ctx, input.siteId),
  'jobs.cancel': (input) => cancelJob(input.jobId),
  'branding.get': (_input, ctx) => getBranding(ctx),
  'branding.update': write((input, ctx) => updateBranding(ctx, input)),

  'workspace.info': (_input, ctx) => workspaceInfo(ctx),
  'workspace.verify': (_input, ctx) => verify(ctx),
  'workspace.findSecrets': (_input, ctx) => findSecrets(ctx),
  'workspace.redactSecrets': writeInSteps((_input, ctx) => redactSecretsEverywhere(ctx)),
  // Workspace files (open, create, switch, recent list, recovery): the host does the work (main/workspace-host.ts).
  'workspace.state': (_input, ctx) => workspaceState(ctx),
  'workspace.open': (input, ctx) => openWorkspaceFile(ctx, input),
  'workspace.create': (input, ctx) => createWorkspaceFile(ctx, input),
  'workspace.forget': (input, ctx) => forgetRecentWorkspace(ctx, input),
  'workspace.copyAside': (_input, ctx) => copyWorkspaceAside(ctx),
  'workspace.reveal': (_input, ctx) => revealWorkspaceFile(ctx),

  'search.everything': (input, ctx) => searchEverything(ctx, input),

  // First-week review: findings, repeat flags, SOP proposals and completing the review.
  'findings.list': (input, ctx) => listFindings(ctx, input),
  'findings.record': write((input, ctx) => recordFinding(ctx, input)),
  'findings.decide': write((input, ctx) => decideFinding(ctx, input)),
  'findings.flags': (input, ctx) => listFlags(ctx, input),
  'findings.proposeSopUpdate': (input, ctx) => proposeSopUpdate(ctx, input),
  'findings.firstWeek': (input, ctx) => firstWeekOf(ctx, input.siteId),
  'reviews.completeFirstWeek': write((input, ctx) => completeFirstWeek(ctx, input)),

  // First-week review: uploads, the activity import and the finding-rule settings.
  'uploads.begin': (input, ctx) => beginUpload(ctx, input),
  'uploads.append': (input, ctx) => appendUpload(ctx, input),
  'uploads.finish': (input, ctx) => finishUpload(ctx, input),
  'uploads.discard': (input, ctx) => discardUpload(ctx, input),
  'activity.preview': (input, ctx) => previewActivity(ctx, input),
  'activity.dryRun': (input, ctx) => dryRunActivity(ctx, input),
  'activity.import': writeInSteps((input, ctx) => importActivity(ctx, input)),
  'activity.imports': (input, ctx) => listImports(ctx, input),
  'activity.sources': (_input, ctx) => listSources(ctx),
  'activity.deleteSource': write((input, ctx) => deleteSource(ctx, input)),
  'activity.events': (input, ctx) => listEvents(ctx, input),
  'findings.settings': (_input, ctx) => getFindingSettings(ctx),
  'findings.updateSettings': write((input, ctx) => updateFindingSettings(ctx, input)),

  // Backups of the workspace file and restoring one; none needs the workspace's database (the recovery screen uses them).
  'backups.list': (_input, ctx) => listWorkspaceBackups(ctx),
  'backups.create': (input, ctx) => createWorkspaceBackup(ctx, input),
  'backups.inspect': (input, ctx) => inspectBackup(ctx, input),
  'backups.restore': (input, ctx) => restoreBackup(ctx, input),
  'backups.discard': (input, ctx) => discardRestore(ctx, input),
  'bundles.export': (input, ctx) => exportBundle(ctx, input),
  'bundles.preview': (input, ctx) => previewBundle(ctx, input),
  'bundles.import': writeInSteps((input, ctx) => importBundle(ctx, input)),
  'bundles.discard': (input, ctx) => discardBundle(ctx, input),
  // The portfolio from and to spreadsheets; bulk changes to the filtered Sites list.
  'portfolio.inspect': (input, ctx) => inspectPortfolio(ctx, input),
  'portfolio.dryRun': (input, ctx) => dryRunPortfolio(ctx, input),
  'portfolio.import': writeInSteps((input, ctx) => importPortfolio(ctx, input)),
  'portfolio.mappings': (_input, ctx) => listMappings(ctx),
  'portfolio.deleteMapping': write((input, ctx) => deleteMapping(ctx, input)),
  'portfolio.export': (input, ctx) => exportPortfolio(ctx, input),
  // The preview tries the change on each site and rolls it back (a writer that tells nobody).
  'bulk.preview': (input, ctx) => previewBulk(ctx, input),
  'bulk.apply': writeInSteps((input, ctx) => applyBulk(ctx, input)),
  // The app's own updates: the host's controller does the work (main/updates/controller.ts); no workspace is read.
  'updates.state': (_input, ctx) => updateState(ctx),
  'updates.check': (_input, ctx) => checkForUpdates(ctx),
  'updates.setAutomatic': (input, ctx) => setAutomaticUpdates(ctx, input),
  'updates.install': (_input, ctx) => installUpdate(ctx),

  'reminders.state': (_input, ctx) => reminderState(ctx),
  'reminders.checkNow': (_input, ctx) => checkRemindersNow(ctx),
  'reminders.pauseToday': (input, ctx) => pauseRemindersToday(ctx, input),
  'reminders.setStartAtLogin': (input, ctx) => setStartAtLogin(ctx, input),
  'reminders.setLiveCalendar': (input, ctx) => setLiveCalendar(ctx, input),
  'reminders.setSmtpPassword': (input, ctx) => setSmtpPassword(ctx, input),
  'reminders.clearSmtpPassword': (_input, ctx) => clearSmtpPassword(ctx),
  'reminders.sendTest': (input, ctx) => sendTestDigest(ctx, input),
};
