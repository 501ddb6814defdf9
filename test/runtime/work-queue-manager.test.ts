/**
 * The work queue's Go programs (runtime/cmd/): the manager, the thumbnail template's video source and its worker
 * pass `go vet` and their own Go tests. Each test is reported by name, so a test that silently stops
 * running (renamed, skipped) fails here too.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const runtime = fileURLToPath(new URL('../../runtime', import.meta.url));
// The module's own go.sum; no toolchain download.
const env = { ...process.env, GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local', GOWORK: 'off' };

interface GoEvent { Action: string; Test?: string; Package: string; Output?: string }

/** `go test -json` of one package: test name -> pass/fail/skip, and the output of the failures. */
async function goTest(pkg: string): Promise<{ results: Map<string, string>; output: string }> {
  const { stdout } = await exec('go', ['test', '-count=1', '-json', pkg], { cwd: runtime, env, maxBuffer: 64 << 20 })
    .catch((e: { stdout?: string; stderr?: string; message: string }) => {
      if (!e.stdout) throw new Error(`go test ${pkg}: ${e.stderr ?? e.message}`);
      return { stdout: e.stdout };
    });
  const results = new Map<string, string>();
  let output = '';
  for (const line of stdout.split('\n').filter(Boolean)) {
    const ev = JSON.parse(line) as GoEvent;
    if (ev.Test && ['pass', 'fail', 'skip'].includes(ev.Action)) results.set(ev.Test, ev.Action);
    if (ev.Action === 'output' && ev.Output) output += ev.Output;
  }
  return { results, output };
}

const PROGRAMS: Record<string, string[]> = {
  'work-queue-manager': [
    'TestJobNamesAreValidStableAndDistinct',
    'TestTheJobOfAnItemCarriesItsNameIdAndContent',
    'TestItemsThatCannotTravelInAnAnnotationAreRefused',
    'TestTheSelectorIsTheTemplatesLabels',
    'TestTemplatesTheManagerCannotUseAreRefusedWithTheReason',
    'TestEachItemGetsOneJobWithItsContent',
    'TestNoItemGetsASecondJobAcrossRoundsAndRestarts',
    'TestAJobThatExistsAlreadyIsSuccessNotAnError',
    'TestAtMostMaxParallelJobsRun',
    'TestAnItemThatCannotTravelIsReportedOnceAndTheOthersGoOn',
    'TestASourceThatDoesNotKeepTheContractIsNamed',
    'TestTheAPIServersRefusalIsPassedOnWithItsMessage',
    'TestConfigFromTheEnvironment',
    'TestAChangedTemplateAppliesToTheNextJobsUnlessItsLabelsChanged',
  ],
  'video-source': [
    'TestItemsFollowTheBooksAPI',
    'TestItemsDoNotChange',
    'TestBadUploadsAreRefusedWithTheReason',
    'TestThumbnailsAreKeptAndReported',
    'TestDemoVideosAreAnimatedAndDependOnTheNameOnly',
  ],
  thumbnailer: [
    'TestTheRepresentativeFrameIsTheTypicalOneNotTheFlash',
    'TestScalingKeepsTheAspectAndAveragesThePixels',
    'TestPartialFramesAreDrawnOverThePreviousOnes',
    'TestRunMakesTheThumbnailAndPutsItBack',
    'TestRunFailsWithTheReason',
  ],
};

describe('the work queue\'s Go programs', { timeout: 300_000 }, () => {
  it('pass go vet', async () => {
    await expect(exec('go', ['vet', './cmd/...'], { cwd: runtime, env })).resolves.toBeDefined();
  });

  it.each(Object.entries(PROGRAMS))('%s passes every one of its Go tests', async (program, tests) => {
    const { results, output } = await goTest(`./cmd/${program}/`);
    const failed = [...results].filter(([, a]) => a !== 'pass').map(([t, a]) => `${t}: ${a}`);
    expect(failed, output).toEqual([]);
    expect([...results.keys()].sort()).toEqual([...tests].sort());
  });
});
