import { benchGrading } from './main/core/grading/bench';
console.log(await benchGrading());
