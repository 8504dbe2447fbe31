// Component tests run on a busy 2-core build machine next to Maven and Flink: queries that wait for
// an element (findBy…, waitFor) get 10 s instead of testing-library's default 1 s. They return as soon
// as the element is there, so this costs nothing when the machine is idle.
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 10_000 });
