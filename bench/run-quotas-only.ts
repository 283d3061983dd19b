import { benchQuotas } from './quotas.js';
console.log(JSON.stringify(await benchQuotas()));
