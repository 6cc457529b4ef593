"""Reviews in each state, built through the review services (assignment itself is host staff's job)."""
from __future__ import annotations

from grants.models import Application, Review
from grants.services import reviews as review_services
from grassroots.accounts.models import Membership, Organisation, User
from tests.factories import make_member, make_org


def assign(world, application: Application, reviewer: User | None = None) -> Review:
    return Review.objects.create(application=application, reviewer=reviewer or world.commissioner,
                                 assigned_by=world.host_staff)


def second_commissioner(world, name: str = "Kofi Second") -> User:
    return make_member(world.icb, Membership.Role.COMMISSIONER, name=name)


def other_icb_commissioner() -> User:
    """A commissioner of an ICB that is not linked to the world's programme."""
    icb = make_org("NHS North Central London ICB", Organisation.Kind.COUNCIL)
    return make_member(icb, Membership.Role.COMMISSIONER, name="Nia Elsewhere")


def submitted_review(world, application: Application, reviewer: User, scores: list[int],
                     recommendation: str = Review.Recommendation.FUND, comment: str = "") -> Review:
    review = assign(world, application, reviewer)
    review_services.review_declare_conflict(actor=reviewer, review=review, has_conflict=False)
    criteria = list(application.round.criteria.all())
    review_services.review_save_scores(actor=reviewer, review=review,
                                       scores={c.pk: (s, "") for c, s in zip(criteria, scores, strict=True)},
                                       recommendation=recommendation, comment=comment)
    return review_services.review_submit(actor=reviewer, review=review)
