//! Typed ids (`SubnetId(3)` is the fourth subnet) and vectors indexed by them.
//!
//! [`IdVec`] is what [`super::derived::Derived`] keeps per object: it is read by typed id
//! only (there is no `usize` index and no `Deref` to a slice), so a table's facts cannot be
//! read with a subnet's id.

use std::fmt;
use std::marker::PhantomData;

/// A typed index into one of the model's vectors.
pub trait Id: Copy {
    /// The index as `usize`.
    fn index(self) -> usize;
    /// The id of the object at `index`.
    fn from_index(index: usize) -> Self;
}

macro_rules! typed_id {
    ($($name:ident),* $(,)?) => {$(
        #[doc = concat!("Index of a `", stringify!($name), "` target in its model vector.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl $name {
            /// The index as `usize`.
            pub fn index(self) -> usize { self.0 as usize }
        }
        impl Id for $name {
            fn index(self) -> usize { self.0 as usize }
            fn from_index(index: usize) -> Self { $name(index as u32) }
        }
        impl From<u32> for $name {
            fn from(v: u32) -> Self { $name(v) }
        }
    )*};
}

typed_id!(
    VpcId,
    SubnetId,
    RouteTableId,
    RouteId,
    AssociationId,
    IgwId,
    NatId,
    EndpointId,
    SgId,
    SgRuleId,
    EiceId,
    NaclId,
    NaclEntryId,
    OtherId,
    WorkloadId,
    TargetGroupId,
    ListenerId,
    ResourceId,
    EipId,
);

/// Iterates a vector with its typed ids, counting one unit of work per object
/// ([`crate::work`]), so rules that walk the model through it need not count themselves.
pub fn enumerate<T, I: From<u32>>(items: &[T]) -> impl Iterator<Item = (I, &T)> {
    items.iter().enumerate().map(|(i, t)| {
        crate::work::tick(1);
        (I::from(i as u32), t)
    })
}

/// One `T` per object of a kind, read by the object's typed id ([`IdVec::of`]).
#[derive(Clone, PartialEq)]
pub struct IdVec<I, T> {
    items: Vec<T>,
    id: PhantomData<fn(I) -> I>,
}

impl<I: Id, T> IdVec<I, T> {
    /// `len` copies of `value`: one for each of `len` objects.
    pub fn filled(len: usize, value: T) -> IdVec<I, T>
    where
        T: Clone,
    {
        IdVec { items: vec![value; len], id: PhantomData }
    }

    /// The value of object `id`.
    pub fn of(&self, id: I) -> Option<&T> {
        self.items.get(id.index())
    }

    /// The value of object `id`, to change.
    pub fn of_mut(&mut self, id: I) -> Option<&mut T> {
        self.items.get_mut(id.index())
    }

    /// The values with their ids, in id order.
    pub fn iter_ids(&self) -> impl Iterator<Item = (I, &T)> {
        self.items.iter().enumerate().map(|(i, t)| (I::from_index(i), t))
    }

    /// The values, in id order.
    pub fn values(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// The values, in id order, to change.
    pub fn values_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }

    /// The number of objects.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are no objects.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Appends the value of the next object.
    pub fn push(&mut self, value: T) {
        self.items.push(value);
    }
}

impl<I: Id, T> IdVec<I, Vec<T>> {
    /// The list of object `id`; empty when it has none.
    pub fn list(&self, id: I) -> &[T] {
        self.of(id).map_or(&[], Vec::as_slice)
    }
}

impl<I, T> Default for IdVec<I, T> {
    fn default() -> IdVec<I, T> {
        IdVec { items: Vec::new(), id: PhantomData }
    }
}

impl<I: Id, T> FromIterator<T> for IdVec<I, T> {
    /// The values of objects 0, 1, ... in order.
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> IdVec<I, T> {
        IdVec { items: iter.into_iter().collect(), id: PhantomData }
    }
}

/// Shown as the plain list of values, in id order.
impl<I, T: fmt::Debug> fmt::Debug for IdVec<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_by_typed_id() {
        let mut v: IdVec<SubnetId, u8> = IdVec::filled(2, 0);
        *v.of_mut(SubnetId(1)).unwrap() = 7;
        assert_eq!(v.of(SubnetId(1)), Some(&7));
        assert_eq!(v.of(SubnetId(2)), None);
        assert_eq!(v.iter_ids().collect::<Vec<_>>(), [(SubnetId(0), &0), (SubnetId(1), &7)]);
        assert_eq!(format!("{v:?}"), "[0, 7]");
    }
}
