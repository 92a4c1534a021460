import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../../core/db/transaction.js';
import type { Context } from '../../../core/graphql/context.js';
import { badInput, forbidden, RuleViolations } from '../../../core/graphql/errors.js';
import { findScoped, requireActor } from '../../../core/graphql/resource.js';
import { conflict, isDistrictFor, isMunicipal, isSchoolOf, optionsOf } from '../backbone/access.js';
import { registerAnnualComplete } from '../backbone/credits.js';
import { deadlineViolation } from '../backbone/deadline.js';
import { CqBackboneAssessment } from '../entities/index.js';
import { chinaToday } from '../rules/dates.js';
import { assessmentResource } from '../resources/index.js';

/**
 * BB-5 (001 §三(三) "实行任职学校、区县教育行政部门和市专家指导委员会三级考核"): one review a
 * level, in order — the school (status submitted), then the district (school_passed; passing
 * it on is the 报送, refused after the deadline), then the municipal expert committee
 * (district_passed), whose pass is the year's result: BB-7 stipend, BB-8 annual_complete
 * credits. A fail at any level ends the year's assessment as failed (a comment is required).
 */
@Resolver(() => CqBackboneAssessment)
export class CqAssessmentResolver {
  @Mutation(() => CqBackboneAssessment, { description: '重庆 BB-5：骨干教师年度考核三级审核（学校→区县→市专家指导委员会）' })
  async cqReviewBackboneAssessment(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('passed', () => Boolean) passed: boolean,
    @Arg('comment', () => String, { nullable: true }) comment?: string,
  ): Promise<CqBackboneAssessment> {
    const actor = requireActor(ctx);
    const o = optionsOf(ctx);
    const note = comment?.trim() || null;
    if (!passed && !note) throw badInput('考核不合格须填写意见', 'A fail needs a comment', 'comment');
    if (note && note.length > 500) throw badInput('意见不得超过500字', 'The comment must be at most 500 characters', 'comment');
    return inTransaction(ctx, async (em) => {
      const a = await findScoped(em, assessmentResource, actor, id, true);
      const repo = em.getRepository(CqBackboneAssessment);
      const now = new Date();
      const end = passed ? {} : { status: 'failed', result: 'fail' };
      switch (a.status) {
        case 'submitted':
          if (!isSchoolOf(actor, a.schoolId)) throw forbidden('该登记表正待任职学校考核', "The form awaits the school's assessment");
          await repo.update({ id: a.id, status: 'submitted' }, { status: 'school_passed', schoolBy: actor.id, schoolAt: now, schoolComment: note, ...end });
          break;
        case 'school_passed': {
          if (!isDistrictFor(actor, a.regionId)) throw forbidden('该登记表正待区县教育行政部门考核', "The form awaits the district bureau's assessment");
          const late = passed ? deadlineViolation(a.year, chinaToday(now), o.backbone.assessmentDeadline) : null;
          if (late) throw new RuleViolations([late]);
          await repo.update({ id: a.id, status: 'school_passed' }, { status: 'district_passed', districtBy: actor.id, districtAt: now, districtComment: note, ...end });
          break;
        }
        case 'district_passed': {
          if (!isMunicipal(actor)) throw forbidden('该登记表正待市专家指导委员会评审', "The form awaits the municipal expert committee");
          let creditRecordId: number | null = null;
          if (passed) creditRecordId = await registerAnnualComplete(em, a, o, actor.id);
          await repo.update({ id: a.id, status: 'district_passed' }, {
            status: passed ? 'passed' : 'failed', result: passed ? 'pass' : 'fail', municipalBy: actor.id, municipalAt: now, municipalComment: note, creditRecordId,
          });
          break;
        }
        default:
          throw conflict(`该年度考核已完成（${a.result === 'pass' ? '合格' : '不合格'}）`, `The assessment is already decided (${a.result})`, { status: a.status });
      }
      return repo.findOneByOrFail({ id: a.id });
    });
  }
}
